// The report directory: a target name from a file stays one directory inside reports/, and a
// directory that cannot take the reports is a usage error before anything is observed.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { checkReportDir, reportDirFor } from '../../../lib/report/report-dir.ts'
import { UsageError } from '../../../lib/util/usage-error.ts'
import { readOnlyDir } from '../../integration/cli/read-only.ts'

const dir = mkdtempSync(join(tmpdir(), 'v6ready-report-dir-'))
const ro = readOnlyDir(join(dir, 'ro'))
afterAll(() => {
  ro.release()
  rmSync(dir, { recursive: true, force: true })
})

describe('reportDirFor', () => {
  test('reports/<target> under the working directory, or --report-dir as given', () => {
    expect(reportDirFor('lab1', undefined, '/srv/ci')).toBe('/srv/ci/reports/lab1')
    expect(reportDirFor('lab1', 'out', '/srv/ci')).toBe('/srv/ci/out')
    expect(reportDirFor('lab1', '/tmp/anywhere', '/srv/ci')).toBe('/tmp/anywhere')
  })

  test.for(['../../../tmp/x', '..', '.', '', 'a/b', '/etc', 'x/../../y'])(
    'target name %j: a usage error, never a path outside reports/',
    (name) => {
      expect(() => reportDirFor(name, undefined, '/srv/ci')).toThrow(UsageError)
      expect(() => reportDirFor(name, undefined, '/srv/ci')).toThrow(/not in a directory of \/srv\/ci\/reports/)
    },
  )
})

describe('checkReportDir', () => {
  test('a missing directory is created, and the check leaves nothing in it', () => {
    const d = join(dir, 'new', 'lab1')
    checkReportDir(d)
    expect(readdirSync(d)).toEqual([])
  })

  test('a file is refused, naming it', () => {
    const f = join(dir, 'afile')
    writeFileSync(f, 'x')
    expect(() => checkReportDir(f)).toThrow(
      `report directory ${f} is a file, not a directory: pass --report-dir a directory v6ready can write`,
    )
    expect(() => checkReportDir(join(f, 'below'))).toThrow(
      /^cannot create the report directory .*afile\/below \(ENOTDIR/,
    )
  })

  test('a report file whose name a directory holds is refused, naming it', () => {
    const d = join(dir, 'taken')
    mkdirSync(join(d, 'junit.xml'), { recursive: true })
    expect(() => checkReportDir(d)).toThrow(
      `${join(d, 'junit.xml')} is a directory, so the report cannot be written there`,
    )
  })

  test.skipIf(!ro.ok)(`a directory that takes no file is refused, naming it (${ro.how})`, () => {
    expect(() => checkReportDir(ro.path)).toThrow(/^cannot write in the report directory .*\/ro \((EPERM|EACCES|EROFS)/)
    expect(existsSync(join(ro.path, `.v6ready-write-check-${process.pid}`))).toBe(false)
  })
})
