#!/usr/bin/env node
// walkthrough.mjs <base url> [screenshot.png]
//
// The README's playground walkthrough, done by a person in headless Debian Chromium (playwright-core, no browser
// download): every step is typing and clicking in the rendered page, and every check is on what the page shows.
// Prints one line per step; exits 1 with what the page showed when a check fails. Every request that is not to the
// host is aborted, so the page must work offline (the Adaptive Cards renderer comes from the host).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const [base, screenshot] = process.argv.slice(2);
if (!base) {
  console.error('usage: walkthrough.mjs <base url> [screenshot.png]');
  process.exit(2);
}

const item = 'fraud-detection/churn-xgb@7';
const timeout = 10_000;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const pageErrors = [];
const outside = [];
let failed = false;

try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
  page.setDefaultTimeout(timeout);
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.route('**/*', (route) => {
    if (route.request().url().startsWith(base)) return route.continue();
    outside.push(route.request().url());
    return route.abort();
  });

  const dm = page.getByRole('region', { name: 'Conversation with SignOffBot' });
  const pending = page.getByRole('region', { name: 'Pending reviews' });
  const releases = page.getByRole('region', { name: 'fraud-detection release channel' });
  const status = page.getByRole('status');
  const latestCard = () => dm.locator('.card').last();

  const step = (text) => console.log(`step: ${text}`);

  // Waits until the locator's text contains every expected piece (the page updates live, so it may take a moment).
  async function see(where, what, ...expected) {
    const deadline = Date.now() + timeout;
    let shown = '';
    while (Date.now() < deadline) {
      shown = (await where.innerText().catch(() => '')).replace(/\s+/g, ' ');
      if (expected.every((e) => shown.includes(e))) return;
      await page.waitForTimeout(50);
    }
    const said = (await status.innerText().catch(() => '')).replace(/\s+/g, ' ');
    throw new Error(`${what}: expected to see ${expected.map((e) => JSON.stringify(e)).join(' and ')}, but it shows:\n${shown}\nstatus line: ${said}`);
  }

  async function notSee(where, what, unexpected) {
    const shown = (await where.innerText()).replace(/\s+/g, ' ');
    if (shown.includes(unexpected)) throw new Error(`${what}: did not expect to see ${JSON.stringify(unexpected)}:\n${shown}`);
  }

  async function become(person) {
    await page.getByLabel('You are').selectOption(person);
    await see(dm, `${person}'s conversation`, 'Conversation with SignOffBot');
  }

  async function send(text, where = 'Conversation with SignOffBot') {
    await page.getByLabel('Post in').selectOption({ label: where });
    await page.getByLabel('Command').fill(text);
    await page.getByRole('button', { name: 'Send' }).click();
    // The box empties as the command goes out, so the next one typed is never wiped by this one's late answer.
    const left = await page.getByLabel('Command').inputValue();
    if (left) throw new Error(`the command box still holds ${JSON.stringify(left)} after Send`);
  }

  // The answer box of one slot on the newest card: its comment box and its buttons (a person may hold two slots).
  async function answer(title, slot, comment) {
    const box = latestCard().locator('.ac-container').filter({ hasText: `Your answer: ${slot}` }).last();
    if (comment !== undefined) await box.getByLabel(`Comment on ${slot}`, { exact: false }).fill(comment);
    await box.getByRole('button', { name: title, exact: true }).click();
  }

  await page.goto(`${base}/`);
  await see(page.locator('body'), 'the page', 'SignOffBot playground', 'Pending reviews', 'fraud-detection release channel');

  step('Ana (owner) registers the item');
  await become('ana@example.com');
  await send(`register fraud-detection churn-xgb@7 --risk medium --model-card https://wiki.example.com/churn-7`);
  await see(dm, 'the registration card', `Registered ${item}.`, `Sign-off: ${item}`, 'not-started');

  step('Ana requests feedback from IT & Operations and Risk & Compliance');
  await send(`request-feedback ${item} "IT & Operations" "Risk & Compliance"`);
  await see(dm, 'the card after the request', `Feedback requested on ${item}.`, 'State feedback-requested');
  await see(releases, 'the release channel', 'Ana Ortiz requested feedback on IT & Operations, Risk & Compliance. State: feedback-requested.');

  step('Olga (IT & Operations) receives the request and approves with a comment');
  await become('ops@example.com');
  await see(pending, "Olga's pending reviews", `${item}: IT & Operations (medium risk)`);
  await see(dm, "Olga's request", `Review requested: ${item}, IT & Operations.`, 'Your answer: IT & Operations');
  await answer('Approve', 'IT & Operations', 'Runbook and alerts are in place');
  await see(status, 'the answer', `Approve recorded on ${item}.`);
  await see(latestCard(), "Olga's card after her answer", 'Olga Sorensen', 'approve', 'Runbook and alerts are in place');
  // The answer's time is the card's {{DATE()}} {{TIME()}}, which the renderer shows in the browser's own time.
  const olga = (await latestCard().innerText()).replace(/\s+/g, ' ');
  if (olga.includes('{{') || olga.includes('\u27e6') || olga.includes(' UTC') || !/\b\d{1,2}:\d{2}\b/.test(olga)) {
    throw new Error(`Olga's card: expected the answer's time in the reader's own time, but it shows:\n${olga}`);
  }
  await see(pending, "Olga's pending reviews after answering", 'Nothing is waiting for you.');

  step('Ben (model-risk) answers Major issue; an empty comment is refused first');
  await become('ben@example.com');
  await see(dm, "Ben's request", `Review requested: ${item}, Risk & Compliance.`);
  await answer('Major issue', 'Risk & Compliance');
  await see(status, 'the refusal of a major issue without comment', 'comment');
  await answer('Major issue', 'Risk & Compliance', 'The drift report is missing');
  await see(status, 'the answer', `Major issue recorded on ${item}.`);
  await see(latestCard(), "Ben's card after his answer", 'major-issue', 'The drift report is missing');
  await see(releases, 'the release channel', 'Ben Okafor answered major-issue on Risk & Compliance: "The drift report is missing"');

  step('Ana requests the final approval');
  await become('ana@example.com');
  await send(`request-final ${item}`);
  await see(dm, 'the card after request-final', `Final approval requested on ${item}.`, 'State final-approval-requested');

  step('Chen (final approver) presses Approve and sees the policy refusal');
  await become('chen@example.com');
  await see(pending, "Chen's pending reviews", `${item}: Final approval (medium risk)`);
  await answer('Approve', 'Final approval');
  await see(status, 'the policy refusal', 'does not allow the final approval yet', 'open major issue on Risk & Compliance');
  await see(dm, 'the refusal in the conversation', 'major');
  const refusal = (await status.innerText()).trim();
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });

  step('Deploy-check before the approval: prevent blocks, warn warns, always allows');
  await send(`deploy-check ${item} prod-api`);
  await see(dm, 'deploy-check on prod-api', 'blocked:');
  await send(`deploy-check ${item} staging-api`);
  await see(dm, 'deploy-check on staging-api', 'warning:');
  await send(`deploy-check ${item} sandbox`);
  await see(dm, 'deploy-check on sandbox', 'allowed:');

  step('Ben changes his answer to Approve');
  await become('ben@example.com');
  await answer('Approve', 'Risk & Compliance', 'Drift report added, looks good');
  await see(status, 'the answer', `Approve recorded on ${item}.`);

  step('Chen approves as final approver');
  await become('chen@example.com');
  await answer('Approve', 'Final approval', 'Approved for production');
  await see(status, 'the final approval', `Approve recorded on ${item}.`);
  await see(latestCard(), "the card after the final approval", 'approved');
  await notSee(latestCard(), 'the approved card', 'Your answer:');
  await see(releases, 'the release channel', 'Chen Wei decided approve: "Approved for production". State: approved.');

  step('Deploy-check after the approval on all three infrastructures');
  for (const infrastructure of ['prod-api', 'staging-api', 'sandbox']) {
    await send(`deploy-check ${item} ${infrastructure}`, 'fraud-detection release channel');
    await see(releases, `deploy-check on ${infrastructure}`, `allowed: ${item} was approved by Chen Wei`);
  }

  step('Ana sees the approved card and her pending list is empty');
  await become('ana@example.com');
  await send(`status ${item}`);
  await see(latestCard(), "Ana's status card", 'approved', 'Chen Wei');
  await see(pending, "Ana's pending reviews", 'Nothing is waiting for you.');

  // Fix the evidence: a medium-risk item registered without a model card cannot be approved until the owner adds one.
  const fixed = 'fraud-detection/churn-xgb@8';
  step('Ana registers a medium-risk item without a model card and requests the final approval');
  await send(`register fraud-detection churn-xgb@8 --risk medium`);
  await see(dm, 'the registration card without evidence', `Registered ${fixed}.`, `Sign-off: ${fixed}`);
  await send(`request-final ${fixed}`);
  await see(dm, 'the card after request-final', `Final approval requested on ${fixed}.`);

  step('Chen presses Approve and sees the policy refusal: the model card is missing');
  await become('chen@example.com');
  await see(pending, "Chen's pending reviews", `${fixed}: Final approval (medium risk)`);
  await see(latestCard(), "Chen's request card", `Sign-off: ${fixed}`, 'Your answer: Final approval');
  await answer('Approve', 'Final approval');
  await see(status, 'the evidence refusal', 'does not allow the final approval yet', 'the model card is missing');
  const evidenceRefusal = (await status.innerText()).trim();

  step('Ana adds the model card with evidence; Chen approves');
  await become('ana@example.com');
  await send(`evidence ${fixed} --model-card https://wiki.example.com/churn-8`);
  await see(dm, 'the reply to evidence', `Evidence of ${fixed} changed.`);
  await become('chen@example.com');
  await see(latestCard(), "Chen's card after the evidence change", `Sign-off: ${fixed}`, 'Your answer: Final approval');
  await answer('Approve', 'Final approval', 'Model card added, approved');
  await see(status, 'the final approval after the fix', `Approve recorded on ${fixed}.`);
  await see(latestCard(), 'the card after the approval', `Sign-off: ${fixed}`, 'approved');
  await notSee(latestCard(), 'the approved card', 'Your answer:');
  await see(releases, 'the release channel', `Chen Wei decided approve: "Model card added, approved". State: approved.`);

  if (pageErrors.length) throw new Error(`the page threw: ${pageErrors.join('; ')}`);
  if (outside.length) throw new Error(`the page asked for something outside the host: ${outside.join(', ')}`);
  console.log(`refusal shown: ${refusal}`);
  console.log(`evidence refusal shown: ${evidenceRefusal}`);
  console.log('walkthrough: ok');
} catch (e) {
  failed = true;
  console.error(`walkthrough failed: ${e.message}`);
  if (pageErrors.length) console.error(`page errors: ${pageErrors.join('; ')}`);
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
