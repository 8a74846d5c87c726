// Config files by format: the values that may hold addresses, for the hosts.config.* judges.
import { parseHaproxy } from './haproxy.ts'
import { parseIni } from './ini.ts'
import { parseNginx } from './nginx.ts'
import { parseText } from './text.ts'
import type { ConfigFormat, ParsedConfig } from './values.ts'
import { parseYaml } from './yaml.ts'

export type { ConfigFormat, ConfigUnit, ConfigValue, ParsedConfig, Role } from './values.ts'
export { parseHaproxy, parseIni, parseNginx, parseText, parseYaml }

const PARSERS: Record<ConfigFormat, (text: string) => ParsedConfig> = {
  ini: parseIni,
  nginx: parseNginx,
  haproxy: parseHaproxy,
  yaml: parseYaml,
  json: parseYaml, // JSON is YAML 1.2, and the YAML parser keeps line numbers
  text: parseText,
}

export const parseConfig = (format: ConfigFormat, text: string): ParsedConfig => PARSERS[format](text)
