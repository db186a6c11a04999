import * as fs from 'node:fs';
import * as path from 'node:path';
import { TOOL_NAME, toolVersion } from '../../lib/tool-version';

test('the tool version is the one in package.json, never a placeholder', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
  expect(manifest.name).toBe(TOOL_NAME);
  expect(toolVersion()).toBe(manifest.version);
  expect(toolVersion()).not.toBe('0.0.0');
});
