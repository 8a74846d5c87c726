// INI files as oslo.config and paste read them: sections of `key = value` lines, in order.
export type IniSections = Record<string, Record<string, string | number | boolean>>

export const ini = (sections: IniSections): string =>
  Object.entries(sections)
    .map(([name, kv]) => [`[${name}]`, ...Object.entries(kv).map(([k, v]) => `${k} = ${v}`)].join('\n'))
    .join('\n\n') + '\n'
