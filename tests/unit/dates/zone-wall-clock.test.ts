/**
 * zoneWallClock (one zone-offset look-up) must read the same wall clock as
 * @date-fns/tz's TZDate, which the reference reading used before.
 */
import { describe, expect, it } from 'vitest';
import { TZDate } from '@date-fns/tz';
import { zoneWallClock } from '../../../src/dates/calendar.js';

const ZONES = ['Asia/Shanghai', 'Europe/Paris', 'America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'America/St_Johns', 'Africa/Cairo', 'Pacific/Apia', 'UTC', '+05:30', '-03:00'];

function viaTZDate(ms: number, zone: string): number[] {
  const t = new TZDate(ms, zone);
  return [t.getFullYear(), t.getMonth(), t.getDate(), t.getHours(), t.getMinutes(), t.getSeconds()];
}

function viaWallClock(ms: number, zone: string): number[] {
  const t = new Date(zoneWallClock(ms, zone));
  return [t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds()];
}

describe('zoneWallClock', () => {
  it('reads the wall clock TZDate reads, historic offsets and DST changes included', () => {
    const instants: number[] = [];
    for (let ms = Date.UTC(1880, 0, 1); ms < Date.UTC(2040, 0, 1); ms += 86_400_000 * 37 + 3_600_000 * 5 + 61_000) instants.push(ms);
    // around the 2019 transitions, minute by minute for a few hours
    for (const base of [Date.UTC(2019, 2, 10, 5), Date.UTC(2019, 2, 31, 0), Date.UTC(2019, 10, 3, 4), Date.UTC(2019, 9, 27, 0), Date.UTC(2019, 3, 6, 14)]) {
      for (let k = 0; k < 240; k += 7) instants.push(base + k * 60_000);
    }
    for (const zone of ZONES) {
      for (const ms of instants) expect(viaWallClock(ms, zone), `${zone} ${new Date(ms).toISOString()}`).toEqual(viaTZDate(ms, zone));
    }
  });

  it('is NaN for a zone the runtime does not know, as TZDate is', () => {
    expect(zoneWallClock(0, 'Nowhere/Atlantis')).toBeNaN();
    expect(new TZDate(0, 'Nowhere/Atlantis').getHours()).toBeNaN();
  });
});
