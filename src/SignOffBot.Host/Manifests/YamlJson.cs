using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SignOffBot.Host.Manifests;

/// <summary>
/// Converts a YAML document to JSON, for validating a YAML manifest against a JSON schema. Scalars keep their YAML
/// type: an explicit tag (<c>!!str</c>, <c>!!bool</c>, <c>!!int</c>, <c>!!float</c>, <c>!!null</c>) wins; a quoted
/// or block scalar is a string; a plain scalar is resolved by the YAML 1.2 core schema (null, booleans, integers,
/// floats), anything else is a string.
/// </summary>
public static partial class YamlJson
{
    private const string CoreTag = "tag:yaml.org,2002:";

    /// <summary>The one document of <paramref name="yaml"/>, whose root must be a mapping.</summary>
    public static JsonObject ToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        if (stream.Documents.Count != 1)
        {
            throw new FormatException($"expected one YAML document, found {stream.Documents.Count}");
        }

        return Convert(stream.Documents[0].RootNode) as JsonObject
            ?? throw new FormatException("the YAML document is not a mapping");
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(pair => KeyValuePair.Create(
            (pair.Key as YamlScalarNode)?.Value ?? throw new FormatException($"a mapping key that is not a scalar at {pair.Key.Start}"),
            Convert(pair.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => ConvertScalar(scalar),
        _ => throw new NotSupportedException($"unsupported YAML node {node.GetType().Name} at {node.Start}"),
    };

    private static JsonNode? ConvertScalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        var tag = scalar.Tag.IsEmpty || scalar.Tag.IsNonSpecific ? null : scalar.Tag.Value;

        switch (tag)
        {
            case CoreTag + "str":
                return JsonValue.Create(text);
            case CoreTag + "null":
                return null;
            case CoreTag + "bool":
                return JsonValue.Create(ParseBool(text) ?? throw new FormatException($"not a boolean: {text}"));
            case CoreTag + "int":
                return JsonValue.Create(ParseInt(text) ?? throw new FormatException($"not an integer: {text}"));
            case CoreTag + "float":
                return JsonValue.Create(ParseFloat(text) ?? throw new FormatException($"not a float: {text}"));
            case null:
                break;
            default:
                throw new NotSupportedException($"unsupported YAML tag {tag} at {scalar.Start}");
        }

        if (scalar.Style is not ScalarStyle.Plain || !scalar.Tag.IsEmpty)
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (ParseBool(text) is { } flag)
        {
            return JsonValue.Create(flag);
        }

        if (ParseInt(text) is { } integer)
        {
            return JsonValue.Create(integer);
        }

        if (ParseFloat(text) is { } number)
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(text);
    }

    private static bool? ParseBool(string text) => text switch
    {
        "true" or "True" or "TRUE" => true,
        "false" or "False" or "FALSE" => false,
        _ => null,
    };

    private static long? ParseInt(string text)
    {
        if (DecimalInteger().IsMatch(text))
        {
            return long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }

        if (OctalInteger().IsMatch(text))
        {
            return System.Convert.ToInt64(text[2..], 8);
        }

        if (HexInteger().IsMatch(text))
        {
            return long.Parse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        }

        return null;
    }

    private static double? ParseFloat(string text)
    {
        if (DecimalFloat().IsMatch(text))
        {
            return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        return text switch
        {
            ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" => double.PositiveInfinity,
            "-.inf" or "-.Inf" or "-.INF" => double.NegativeInfinity,
            ".nan" or ".NaN" or ".NAN" => double.NaN,
            _ => null,
        };
    }

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex DecimalInteger();

    [GeneratedRegex("^0o[0-7]+$")]
    private static partial Regex OctalInteger();

    [GeneratedRegex("^0x[0-9a-fA-F]+$")]
    private static partial Regex HexInteger();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex DecimalFloat();
}
