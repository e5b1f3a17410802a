import { describe, expect, it } from 'vitest';
import { addDuration, addMonths, formatDayNumber, fromDayNumber, parseIsoDate, toDayNumber } from '@pmpath/language';

const day = (text: string) => toDayNumber(parseIsoDate(text)!);
const plus = (text: string, amount: number, unit: string) => formatDayNumber(addDuration(day(text), amount, unit));

describe('calendar arithmetic of the simulator clock', () => {
    it('adds calendar months, clamping to the last day of a shorter month (no Date overflow into March)', () => {
        expect(plus('2025-01-31', 1, 'month')).toBe('2025-02-28');
        expect(plus('2024-01-31', 1, 'month')).toBe('2024-02-29');
        expect(plus('2025-03-31', 1, 'months')).toBe('2025-04-30');
        expect(plus('2025-01-31', 2, 'months')).toBe('2025-03-31');
        expect(plus('2025-11-30', 3, 'months')).toBe('2026-02-28');
        expect(plus('2025-12-15', 1, 'month')).toBe('2026-01-15');
    });

    it('adds calendar years from the 29th of February to the 28th', () => {
        expect(plus('2024-02-29', 1, 'year')).toBe('2025-02-28');
        expect(plus('2024-02-29', 4, 'years')).toBe('2028-02-29');
        expect(plus('2023-03-01', 1, 'year')).toBe('2024-03-01');
    });

    it('adds days and weeks across month, year and leap-day boundaries', () => {
        expect(plus('2024-02-28', 1, 'day')).toBe('2024-02-29');
        expect(plus('2025-02-28', 1, 'day')).toBe('2025-03-01');
        expect(plus('2025-12-25', 2, 'weeks')).toBe('2026-01-08');
        expect(plus('2000-01-01', 36525, 'days')).toBe('2100-01-01');
    });

    it('converts every day of four centuries to a day number and back', () => {
        let previous = toDayNumber({ year: 1899, month: 12, day: 31 });
        for (let n = previous + 1; n < previous + 146098; n++) {
            const date = fromDayNumber(n);
            expect(toDayNumber(date)).toBe(n);
        }
        expect(toDayNumber({ year: 1970, month: 1, day: 1 })).toBe(0);
        expect(fromDayNumber(-1)).toEqual({ year: 1969, month: 12, day: 31 });
        previous = 0;
    });

    it('accepts only real ISO dates', () => {
        expect(parseIsoDate('2025-02-30')).toBeUndefined();
        expect(parseIsoDate('2023-02-29')).toBeUndefined();
        expect(parseIsoDate('2100-02-29')).toBeUndefined();
        expect(parseIsoDate('2025-13-01')).toBeUndefined();
        expect(parseIsoDate('2025-00-10')).toBeUndefined();
        expect(parseIsoDate('2025-1-01')).toBeUndefined();
        expect(parseIsoDate('2025-01-01T00:00')).toBeUndefined();
        expect(parseIsoDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
        expect(parseIsoDate('2000-02-29')).toEqual({ year: 2000, month: 2, day: 29 });
    });

    it('keeps addMonths exact for negative and large month counts', () => {
        expect(addMonths({ year: 2025, month: 3, day: 31 }, -1)).toEqual({ year: 2025, month: 2, day: 28 });
        expect(addMonths({ year: 2025, month: 1, day: 15 }, 1200)).toEqual({ year: 2125, month: 1, day: 15 });
    });
});
