// @ts-check
/**
 * A jest reporter that prints the slowest test files of the run, with their durations and project, after
 * jest's own summary, so CI output shows where the suite's time goes (issue 20: the suite's time budget).
 * Plain CommonJS so jest loads it without a transform.
 */

const path = require('node:path');

/** How many files it lists. */
const SHOWN = 10;

class SlowestFilesReporter {
  /** @param {import('@jest/types').Config.GlobalConfig} globalConfig */
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  /**
   * @param {unknown} _contexts
   * @param {import('@jest/test-result').AggregatedResult} results
   */
  onRunComplete(_contexts, results) {
    const files = results.testResults
      .map((result) => ({
        file: path.relative(this.rootDir, result.testFilePath),
        project:
          typeof result.displayName === 'object' ? result.displayName.name : (result.displayName ?? ''),
        ms: result.perfStats.end - result.perfStats.start,
      }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, SHOWN);
    if (files.length === 0) return;
    const width = Math.max(...files.map((f) => f.project.length));
    const lines = files.map(
      (f) => `${(f.ms / 1000).toFixed(1).padStart(7)} s  ${f.project.padEnd(width)}  ${f.file}`,
    );
    process.stderr.write(`\nSlowest ${files.length} test files:\n${lines.join('\n')}\n`);
  }
}

module.exports = SlowestFilesReporter;
