// Prints the rendered overlay given as argument (e.g. `npm run render -- ../overlays/production`) as YAML.
import { stringify } from 'yaml';
import { render } from './render.mjs';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node render-cli.mjs <kustomization directory>');
  process.exit(2);
}
process.stdout.write(render(dir).map((obj) => stringify(obj)).join('---\n'));
