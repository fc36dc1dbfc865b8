package org.recsys4j.core.feature;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.Objects;

/**
 * Returns time-of-day and weekend features of an epoch-second timestamp, read on the wall clock of a
 * given {@link ZoneId} (daylight-saving changes included).
 *
 * <p>{@link #hourOfDay(long)} is the local hour {@code 0..23}; {@link #hourBucket(long)} is
 * {@code hourOfDay / hoursPerBucket}, in {@code 0..numHourBuckets()-1}; {@link #isWeekend(long)} is
 * true on a local Saturday or Sunday. Nothing is fitted; the zone id is saved with the encoder.
 *
 * <pre>{@code
 * TimeContext t = TimeContext.of(ZoneId.of("Europe/Berlin"), 6);   // 4 buckets of 6 hours
 * t.hourOfDay(1616893200L);   // 2021-03-28T01:00:00Z is 03:00 CEST: 3
 * t.hourBucket(1616893200L);  // 0
 * t.isWeekend(1616893200L);   // true (a Sunday)
 * }</pre>
 */
public final class TimeContext implements Encoder {
    private static final int SECONDS_PER_DAY = 86_400;

    private final ZoneId zone;
    private final ZoneRules rules;
    private final int fixedOffset;      // seconds, or Integer.MIN_VALUE when the offset varies
    private final int hoursPerBucket;

    private TimeContext(ZoneId zone, int hoursPerBucket) {
        Objects.requireNonNull(zone, "zone");
        if (hoursPerBucket < 1 || hoursPerBucket > 24 || 24 % hoursPerBucket != 0) {
            throw new IllegalArgumentException("hoursPerBucket=" + hoursPerBucket
                    + ": must divide 24 (1, 2, 3, 4, 6, 8, 12 or 24)");
        }
        this.zone = zone;
        this.rules = zone.getRules();
        this.fixedOffset = rules.isFixedOffset() ? rules.getOffset(Instant.EPOCH).getTotalSeconds() : Integer.MIN_VALUE;
        this.hoursPerBucket = hoursPerBucket;
    }

    /**
     * Returns the time context of a zone.
     *
     * @param zone           the zone whose wall clock is read
     * @param hoursPerBucket bucket width in hours; must divide 24
     */
    public static TimeContext of(ZoneId zone, int hoursPerBucket) {
        return new TimeContext(zone, hoursPerBucket);
    }

    @Override
    public EncoderKind kind() {
        return EncoderKind.TIME_CONTEXT;
    }

    private long localSeconds(long epochSecond) {
        int offset = fixedOffset != Integer.MIN_VALUE ? fixedOffset
                : rules.getOffset(Instant.ofEpochSecond(epochSecond)).getTotalSeconds();
        return epochSecond + offset;
    }

    /** Returns the local hour of day, {@code 0..23}. */
    public int hourOfDay(long epochSecond) {
        return (int) (Math.floorMod(localSeconds(epochSecond), (long) SECONDS_PER_DAY) / 3600);
    }

    /** Returns the local hour bucket, {@code hourOfDay / hoursPerBucket}. */
    public int hourBucket(long epochSecond) {
        return hourOfDay(epochSecond) / hoursPerBucket;
    }

    /** Returns the local day of week, 1 (Monday) to 7 (Sunday), as {@link java.time.DayOfWeek#getValue()}. */
    public int dayOfWeek(long epochSecond) {
        long epochDay = Math.floorDiv(localSeconds(epochSecond), (long) SECONDS_PER_DAY);
        return (int) Math.floorMod(epochDay + 3, 7L) + 1;      // 1970-01-01 was a Thursday
    }

    /** Returns true if the local day is a Saturday or a Sunday. */
    public boolean isWeekend(long epochSecond) {
        return dayOfWeek(epochSecond) >= 6;
    }

    /** Returns the number of hour buckets, {@code 24 / hoursPerBucket}. */
    public int numHourBuckets() {
        return 24 / hoursPerBucket;
    }

    /** Returns the bucket width in hours. */
    public int hoursPerBucket() {
        return hoursPerBucket;
    }

    /** Returns the zone. */
    public ZoneId zone() {
        return zone;
    }

    void writePayload(DataOutput out) throws IOException {
        EncoderFormat.writeString(out, zone.getId());
        out.writeInt(hoursPerBucket);
    }

    static TimeContext readPayload(DataInput in) throws IOException {
        String id = EncoderFormat.readString(in);
        int h = in.readInt();
        try {
            return new TimeContext(ZoneId.of(id), h);
        } catch (DateTimeException | IllegalArgumentException e) {
            throw new IOException("time context zone '" + id + "', hoursPerBucket " + h + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TimeContext t && t.zone.equals(zone) && t.hoursPerBucket == hoursPerBucket;
    }

    @Override
    public int hashCode() {
        return zone.hashCode() * 31 + hoursPerBucket;
    }

    @Override
    public String toString() {
        return "TimeContext[zone=" + zone + ", hoursPerBucket=" + hoursPerBucket + "]";
    }
}
