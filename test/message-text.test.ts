// What users read in findings: typed placeholders ({{x|kr}}, {{x|tal2}}, {{x|antal:...}}) write
// numbers the Danish or English way, while the details keep machine values. Expected texts are
// written out by hand.
import { describe, expect, it } from 'vitest';
import { type FindingRule, makeFinding, type Lang } from '../src/report/finding.js';
import { of, P, run } from './helpers.js';

function rule(da: string, en = da, fix?: { da: string; en: string }): FindingRule {
  return { id: 'r', severity: 'warning', topic: 'T', message: { da, en }, fix: fix ?? null, source: 's' };
}

function message(template: string, details: Record<string, unknown>, lang: Lang): string {
  return makeFinding(rule(template), lang, { practice: null, cpr: null, date: null, codes: [], locations: [], details }).message;
}

describe('typed placeholders in message templates', () => {
  const cases: [string, Record<string, unknown>, Lang, string][] = [
    // kr: an amount of kroner, øre always shown, thousands grouped
    ['{{v|kr}}', { v: '1431.20' }, 'da', '1.431,20 kr.'],
    ['{{v|kr}}', { v: '1431.20' }, 'en', 'DKK 1,431.20'],
    ['{{v|kr}}', { v: '450' }, 'da', '450,00 kr.'],
    ['{{v|kr}}', { v: '-6.89' }, 'da', '-6,89 kr.'],
    ['{{v|kr}}', { v: '-6.89' }, 'en', 'DKK -6.89'],
    ['{{v|kr}}', { v: '1234567.5' }, 'da', '1.234.567,50 kr.'],
    ['{{v|kr}}', { v: 146.79 }, 'da', '146,79 kr.'],
    // tal2: a ratio, rounded half away from zero to two decimals
    ['{{v|tal2}}', { v: '1.2869' }, 'da', '1,29'],
    ['{{v|tal2}}', { v: '1.2869' }, 'en', '1.29'],
    ['{{v|tal2}}', { v: '0.125' }, 'da', '0,13'],
    ['{{v|tal2}}', { v: '1.005' }, 'en', '1.01'], // exact: as a float 1.005 is below 1.005 and would round down
    ['{{v|tal2}}', { v: '0.5' }, 'da', '0,50'],
    ['{{v|tal2}}', { v: '2500' }, 'da', '2.500,00'],
    // ... but never fewer than two significant digits, so a small rate does not read 0,00
    ['{{v|tal2}}', { v: '0.0088' }, 'da', '0,0088'],
    ['{{v|tal2}}', { v: '0.00875' }, 'en', '0.0088'],
    ['{{v|tal2}}', { v: '0.014' }, 'da', '0,014'],
    ['{{v|tal2}}', { v: '0.0045' }, 'da', '0,0045'],
    ['{{v|tal2}}', { v: '0' }, 'da', '0,00'],
    // tal: every decimal the value has
    ['{{v|tal}}', { v: '1.25' }, 'da', '1,25'],
    ['{{v|tal}}', { v: '1.5' }, 'en', '1.5'],
    ['{{v|tal}}', { v: 12345 }, 'da', '12.345'],
    ['{{v|tal}}', { v: 12345 }, 'en', '12,345'],
    ['{{v|tal}}', { v: '7' }, 'da', '7'],
    // antal: a count with its noun in the right number
    ['{{v|antal:linje:linjer}}', { v: 1 }, 'da', '1 linje'],
    ['{{v|antal:linje:linjer}}', { v: 2 }, 'da', '2 linjer'],
    ['{{v|antal:linje:linjer}}', { v: 0 }, 'da', '0 linjer'],
    ['{{v|antal:linje:linjer}}', { v: 1500 }, 'da', '1.500 linjer'],
    ['{{v|antal:line:lines}}', { v: 1500 }, 'en', '1,500 lines'],
    ['{{v|antal:kapacitet:kapaciteter}}', { v: '1.5' }, 'da', '1,5 kapaciteter'],
    ['{{v|antal:patient:patienter}}', { v: '1' }, 'da', '1 patient'],
    // spaces inside the braces are allowed, as for plain placeholders
    ['{{ v | kr }}', { v: '10' }, 'da', '10,00 kr.'],
    // plain placeholders are as before
    ['{{v}}', { v: '1431.20' }, 'da', '1431.20'],
  ];
  it.each(cases)('%s with %j in %s is %s', (template, details, lang, expected) => {
    expect(message(template, details, lang)).toBe(expected);
  });

  const asIs: [string, Record<string, unknown>, string][] = [
    // A value that is not a number is shown as it is (masked and escaped, like any value).
    ['{{v|kr}}', { v: 'ukendt' }, 'ukendt'],
    ['{{v|tal2}}', { v: '0101601234' }, '010160-****'],
    ['{{v|tal}}', { v: '1e3' }, '1e3'],
    ['{{v|antal:linje:linjer}}', { v: 'x\u001b' }, 'x\\x1b'],
    // An unknown format, or antal without both nouns, is left visible so the mistake shows.
    ['{{v|kroner}}', { v: '10' }, '{{v|kroner}}'],
    ['{{v|antal:linje}}', { v: '10' }, '{{v|antal:linje}}'],
    ['{{v|tal2:x}}', { v: '10' }, '{{v|tal2:x}}'],
    // An unknown name stays visible, format or not.
    ['{{w|kr}}', { v: '10' }, '{{w|kr}}'],
  ];
  it.each(asIs)('%s with %j is %s', (template, details, expected) => {
    expect(message(template, details, 'da')).toBe(expected);
  });

  it('the details keep the machine values (decimal strings), whatever the message shows', () => {
    const details = { amount: '1431.20', rate: '1.2869' };
    const f = makeFinding(rule('{{amount|kr}} {{rate|tal2}}'), 'da', { practice: null, cpr: null, date: null, codes: [], locations: [], details });
    expect(f.message).toBe('1.431,20 kr. 1,29');
    expect(f.details).toEqual({ amount: '1431.20', rate: '1.2869' });
  });

  it("each fix text is written in its own language, whatever the report's language", () => {
    const fix = { da: 'Ret til {{v|kr}}', en: 'Correct to {{v|kr}}' };
    const f = makeFinding(rule('m', 'm', fix), 'en', { practice: null, cpr: null, date: null, codes: [], locations: [], details: { v: '1431.2' } });
    expect([f.fix?.da, f.fix?.en]).toEqual(['Ret til 1.431,20 kr.', 'Correct to DKK 1,431.20']);
  });
});

describe('bundled rules write amounts, ratios and counts the Danish way', () => {
  const H = 'ydernummer,cpr,dato,ydelseskode,antal,beloeb';

  it('beloeb-afviger-fra-takst: 0126 billed at 160,57 kr. against the winter 2022/23 tariff 167,46 kr.', async () => {
    const text = `${H}\n234567,${P.a},2022-11-15,0126,1,160.57\n`;
    const [da] = of(await run(text), 'beloeb-afviger-fra-takst');
    expect(da?.message).toBe('Beløbet 160,57 kr. afviger fra taksten: 1 x 167,46 kr. = 167,46 kr. (forskel -6,89 kr.; takst gældende 2022-10-01 – 2023-03-31)');
    expect(da?.fix?.da).toBe('Ret beløbet til 167,46 kr., eller tjek koden og antal');
    expect(da?.details).toMatchObject({ amount: '160.57', expected: '167.46', difference: '-6.89', tariff: '167.46' });
    const [en] = of(await run(text, undefined, { lang: 'en' }), 'beloeb-afviger-fra-takst');
    expect(en?.message).toBe('The amount DKK 160.57 differs from the tariff: 1 x DKK 167.46 = DKK 167.46 (difference DKK -6.89; tariff in force 2022-10-01 – 2023-03-31)');
  });

  it('e-konsultation-hoejt-forbrug: 9 units over 7 patients is 1,29 pr. patient', async () => {
    // One practice, a published average of 0.5: 9/7 = 1.2857... >= 1.25 x 0.5.
    const cprs = [P.a, P.b, P.c, P.d, P.e, '0606604789', '0707704890'];
    const rows = [...cprs.map((c, k) => `234567,${c},2025-03-0${k + 1},0105,1,`), `234567,${P.a},2025-03-20,0105,1,`, `234567,${P.b},2025-03-21,0105,1,`];
    const result = await run(`${H}\n${rows.join('\n')}\n`, undefined, { regionalAverages: { '0105': '0.5' } });
    const [f] = of(result, 'e-konsultation-hoejt-forbrug');
    expect(f?.details).toMatchObject({ units: 9, patients: 7, regionalAverage: '0.5', factor: '1.25' });
    expect(f?.message).toContain('0105 e-konsultation: 1,29 pr. patient mod regionsgennemsnit 0,50 (9 ydelser, 7 patienter, ');
    expect(f?.message).toContain('; 1,25 x gennemsnittet eller derover');
    const [en] = of(await run(`${H}\n${rows.join('\n')}\n`, undefined, { lang: 'en', regionalAverages: { '0105': '0.5' } }), 'e-konsultation-hoejt-forbrug');
    expect(en?.message).toContain('1.29 per patient against a regional average of 0.50 (9 units, 7 patients, ');
  });

  it('aftalt-telefonkonsultation-hoejestegraense: small rates keep two significant digits', async () => {
    // One practice, 9 patients with one 0204 each (rate 1) and no video, against a published
    // average of 0.0045: the average and the limit 1.25 x 0.0045 = 0.0056 would read 0,00.
    const rows = Array.from({ length: 9 }, (_, k) => `700001,${['0101601234', '0202702345', '0303803456', '0404904567', '0505655678', '0606604789', '0707704890', '0808804901', '0909904012'][k]},2025-03-1${k},0204,1,`);
    const result = await run(`${H}\n${rows.join('\n')}\n`, undefined, { regionalAverages: { '0204': '0.0045' } });
    const [f] = of(result, 'aftalt-telefonkonsultation-hoejestegraense');
    expect(f?.details).toMatchObject({ rate: '1', regionalAverage: '0.0045', threshold: '0.0056' });
    expect(f?.message).toContain('1,00 pr. patient mod regionsgennemsnit 0,0045 (grænse 0,0056)');
  });

  it('kliniske-skemaer-til-gennemsyn counts one line, one unit and one patient in the singular', async () => {
    const [da] = of(await run(`${H}\n234567,${P.a},2025-03-24,2151,1,\n`), 'kliniske-skemaer-til-gennemsyn');
    expect(da?.message).toContain('2151 instruktion i kliniske skemaer: 1 linje (1 ydelse, 1 patient) fra 2025-03-24 til 2025-03-24');
    const [en] = of(await run(`${H}\n234567,${P.a},2025-03-24,2151,1,\n`, undefined, { lang: 'en' }), 'kliniske-skemaer-til-gennemsyn');
    expect(en?.message).toContain('1 line (1 unit, 1 patient)');
    const rows = [`234567,${P.a},2025-03-24,2151,2,`, `234567,${P.b},2025-03-25,2151,1,`];
    const [two] = of(await run(`${H}\n${rows.join('\n')}\n`), 'kliniske-skemaer-til-gennemsyn');
    expect(two?.message).toContain('2 linjer (3 ydelser, 2 patienter)');
  });

  it('the 0204 ceiling not evaluated: one practice in the singular in English', async () => {
    const [en] = of(await run(`${H}\n234567,${P.a},2025-03-04,0204,1,\n`, undefined, { lang: 'en' }), 'aftalt-telefonkonsultation-hoejestegraense-ikke-evalueret');
    expect(en?.message).toContain('the input has 1 practice,');
  });
});

describe('the not-evaluated hint names the option in the report language', () => {
  it.each([
    ['da', '--regional-average 0204=<enheder pr. patient>'],
    ['en', '--regional-average 0204=<units per patient>'],
  ] as const)('%s', async (lang, option) => {
    const [f] = of(await run(`ydernummer,cpr,dato,ydelseskode,antal,beloeb\n234567,${P.a},2025-03-04,0204,1,\n`, undefined, { lang }), 'aftalt-telefonkonsultation-hoejestegraense-ikke-evalueret');
    expect(f?.message).toContain(option);
  });
});
