/**
 * Calendar arithmetic for the pathway simulator (SPEC §7 "Clock"), on plain
 * proleptic-Gregorian dates with no time of day and no time zone. JavaScript's
 * `Date` is avoided on purpose: `setMonth` overflows into the next month
 * (2025-01-31 + 1 month = 2025-03-03), and local time zones shift dates.
 *
 * An instant is a day number (days since 1970-01-01), so comparing and
 * ordering instants is integer comparison.
 */

/** A calendar date. `month` is 1–12, `day` 1–31. */
export interface CalendarDate {
    readonly year: number;
    readonly month: number;
    readonly day: number;
}

/** Days since 1970-01-01 (negative before it). */
export type DayNumber = number;

export function isLeapYear(year: number): boolean {
    return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
    return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1];
}

/**
 * Parses a strict ISO date `YYYY-MM-DD`; undefined when the text is not one
 * or names a day that does not exist (`2025-02-30`, `2025-13-01`).
 */
export function parseIsoDate(text: string): CalendarDate | undefined {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!match) return undefined;
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
    return { year, month, day };
}

/** `YYYY-MM-DD`, zero-padded. */
export function formatIsoDate(date: CalendarDate): string {
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** Day number of a date (the "days from civil" algorithm: exact integer arithmetic, any year). */
export function toDayNumber(date: CalendarDate): DayNumber {
    const y = date.month <= 2 ? date.year - 1 : date.year;
    const era = Math.floor(y / 400);
    const yearOfEra = y - era * 400;
    const monthFromMarch = (date.month + 9) % 12;
    const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + date.day - 1;
    const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
    return era * 146097 + dayOfEra - 719468;
}

/** The date of a day number (inverse of `toDayNumber`). */
export function fromDayNumber(dayNumber: DayNumber): CalendarDate {
    const z = dayNumber + 719468;
    const era = Math.floor(z / 146097);
    const dayOfEra = z - era * 146097;
    const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
    const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
    const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
    const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
    const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
    const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    return { year, month, day };
}

/** The units a pmpath duration may use, singular or plural. */
export type DurationUnitName = 'day' | 'days' | 'week' | 'weeks' | 'month' | 'months' | 'year' | 'years';

/**
 * Adds calendar months, clamping to the last day of a shorter month
 * (2025-01-31 + 1 month = 2025-02-28; 2024-02-29 + 12 months = 2025-02-28).
 */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
    const index = date.year * 12 + (date.month - 1) + months;
    const year = Math.floor(index / 12);
    const month = index - year * 12 + 1;
    return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

/**
 * The instant `amount unit` after `from` (SPEC §7): `day` adds days, `week`
 * 7 days, `month` calendar months and `year` calendar years (12 months), both
 * clamping to the end of a shorter month.
 */
export function addDuration(from: DayNumber, amount: number, unit: DurationUnitName | string): DayNumber {
    switch (unit.replace(/s$/, '')) {
        case 'day':
            return from + amount;
        case 'week':
            return from + 7 * amount;
        case 'month':
            return toDayNumber(addMonths(fromDayNumber(from), amount));
        case 'year':
            return toDayNumber(addMonths(fromDayNumber(from), 12 * amount));
        default:
            throw new Error(`unknown duration unit '${unit}'`);
    }
}

export function formatDayNumber(dayNumber: DayNumber): string {
    return formatIsoDate(fromDayNumber(dayNumber));
}
