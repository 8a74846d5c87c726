// Config files by format: the values that may hold addresses, for the hosts.config.* judges.
import { parseHaproxy } from './haproxy.ts'
import { parseIni } from './ini.ts'
import { parseNginx } from './nginx.ts'
import { parseText } from './text.ts'
import type { ConfigFormat, ParsedConfig } from './values.ts'
import { parseYaml } from './yaml.ts'

export type { BindRule, ConfigFormat, ConfigUnit, ConfigValue, ParsedConfig, Role } from './values.ts'
export { parseHaproxy, parseIni, parseNginx, parseText, parseYaml }

/** `path` names the file: some keys mean what they mean in one service's file (listen-options.ts). */
const PARSERS: Record<ConfigFormat, (text: string, path?: string) => ParsedConfig> = {
  ini: parseIni,
  nginx: (text) => parseNginx(text),
  haproxy: (text) => parseHaproxy(text),
  yaml: (text, path) => parseYaml(text, path, 'yaml'),
  json: (text, path) => parseYaml(text, path, 'json'), // JSON is YAML 1.2, and the YAML parser keeps line numbers
  text: parseText,
}

export const parseConfig = (format: ConfigFormat, text: string, path?: string): ParsedConfig =>
  PARSERS[format](text, path)
