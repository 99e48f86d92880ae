# syntax=docker/dockerfile:1
# SignOffBot in one container. The build stage runs the README's single-file publish; the runtime stage runs the
# resulting `signoffbot` as a non-root user, with the store on the /data volume.
#
#   docker build -t signoffbot .
#   docker run -d --name signoffbot -p 8080:8080 -v signoffbot-data:/data --env-file signoffbot.env signoffbot
#   docker run --rm --env-file signoffbot.env signoffbot check-config      (any operator command: signoffbot help)

ARG DOTNET_VERSION=10.0
ARG NODE_VERSION=22

# Node.js and npm for the build only: the host's build installs the playground's Adaptive Cards renderer with npm ci.
FROM node:${NODE_VERSION}-bookworm-slim AS node

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm && node --version && npm --version

# The manifest schemas `signoffbot manifests` validates with, the versions the tests use (../shared/schemas), from their
# publishers: Teams from the manifest's own $schema URL, Slack from slackapi/manifest-schema at a fixed commit. They are
# not part of the repository; the build embeds them from the TeamsManifestSchema and SlackManifestSchema properties
# (MSBuild reads environment variables as properties, so the publish command below stays the README's).
ARG TEAMS_SCHEMA_URL=https://developer.microsoft.com/en-us/json-schemas/teams/v1.29/MicrosoftTeams.schema.json
ARG SLACK_SCHEMA_URL=https://raw.githubusercontent.com/slackapi/manifest-schema/a936b12ac21b8823868ef3021ae2aa40b16e6195/schemas/manifest.schema.1.0.0.json
WORKDIR /src
ADD ${TEAMS_SCHEMA_URL} obj/schemas/MicrosoftTeams.schema.v1.29.json
ADD ${SLACK_SCHEMA_URL} obj/schemas/manifest.schema.1.0.0.json
ENV TeamsManifestSchema=/src/obj/schemas/MicrosoftTeams.schema.v1.29.json \
    SlackManifestSchema=/src/obj/schemas/manifest.schema.1.0.0.json \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1

COPY . .
RUN --mount=type=cache,target=/root/.nuget/packages \
    --mount=type=cache,target=/root/.npm \
    dotnet publish src/SignOffBot.Host -c Release -r linux-x64 --self-contained -p:PublishSingleFile=true \
    && cp src/SignOffBot.Host/bin/Release/net10.0/linux-x64/publish/signoffbot /signoffbot \
    && /signoffbot manifests slack --host https://signoff.example.org >/dev/null
# (that last line fails the build if the schemas did not make it into the binary)

FROM mcr.microsoft.com/dotnet/runtime-deps:${DOTNET_VERSION} AS runtime
# curl for the HEALTHCHECK; tzdata for people's time zones (reminders keep to each person's working hours).
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl tzdata \
    && rm -rf /var/lib/apt/lists/*

# The image's non-root user (app, uid $APP_UID) owns the store's folder and nothing else.
RUN mkdir -p /data && chown "$APP_UID" /data
COPY --from=build /signoffbot /app/signoffbot

WORKDIR /app
# Urls as an environment variable wins over a configuration file's (the sample's says localhost:5000); the base image's
# ASPNETCORE_HTTP_PORTS is cleared so Kestrel does not warn that Urls overrides it. On one CPU the runtime waits ten
# times longer for a quiet moment before it optimises hot code, and under steady load that moment never comes: the
# host then runs unoptimised code at 2.5-3x the CPU per request (bench/README); DOTNET_TC_DelaySingleProcMultiplier=1
# keeps the usual wait.
ENV PATH=/app:$PATH \
    DOTNET_TC_DelaySingleProcMultiplier=1 \
    ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_HTTP_PORTS= \
    Urls=http://+:8080 \
    Storage__LiteDb__Path=/data/signoff.db
VOLUME /data
EXPOSE 8080
USER $APP_UID

# Ready: the store opens and writes, each configured platform's credentials work, no old dead letters.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD curl -fsS -o /dev/null http://127.0.0.1:8080/healthz/ready || exit 1

ENTRYPOINT ["/app/signoffbot"]
