// Reads vitest's JSON report and prints, for a failed landing, why in one screen: each failed
// test's file, name and first error lines (ANSI colours and long stacks cut), and each file that
// failed before any test ran. Its last line is the counts `<passed> <failed>` for .ci/run.
//
// usage: node .ci/summary.mjs test-results/vitest.json
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const ERROR_LINES = 8;
const MAX_LISTED = 30;

const strip = (s) => String(s).replace(/\x1b\[[0-9;]*m/g, '');
function firstLines(messages) {
  const lines = strip((messages ?? []).join('\n'))
    .split('\n')
    .filter((l) => l.trim() !== '' && !/^\s+at .*node_modules/.test(l));
  return lines.slice(0, ERROR_LINES).map((l) => `    ${l.length > 200 ? `${l.slice(0, 200)}…` : l}`);
}

let report;
try {
  report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
} catch (err) {
  console.log(`\n=== failures\nno test report (${err.message}): the test runner did not finish`);
  console.log('0 1');
  process.exit(0);
}

const failures = [];
for (const file of report.testResults ?? []) {
  const name = relative(process.cwd(), file.name ?? '');
  const failed = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
  for (const t of failed) failures.push({ title: `${name} › ${t.fullName ?? t.title}`, lines: firstLines(t.failureMessages) });
  if (file.status === 'failed' && failed.length === 0) {
    failures.push({ title: `${name} (the file failed before or outside its tests)`, lines: firstLines([file.message]) });
  }
}

if (failures.length) {
  console.log(`\n=== failures (${failures.length})`);
  for (const f of failures.slice(0, MAX_LISTED)) {
    console.log(`✗ ${f.title}`);
    for (const l of f.lines) console.log(l);
  }
  if (failures.length > MAX_LISTED) console.log(`… and ${failures.length - MAX_LISTED} more (test-results/vitest.json)`);
}
const fileFailures = (report.testResults ?? []).filter((s) => s.status === 'failed' && (s.assertionResults ?? []).length === 0).length;
console.log(`${report.numPassedTests ?? 0} ${(report.numFailedTests ?? 0) + fileFailures}`);
