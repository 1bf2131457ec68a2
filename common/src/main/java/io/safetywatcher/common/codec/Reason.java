package io.safetywatcher.common.codec;

/**
 * Why an input was rejected. The id is what the quarantine table, the dead-letter topic and
 * the job's per-batch log line count by, so each kind of bad input is told apart.
 */
public enum Reason {
    MALFORMED_JSON("malformed_json"),
    NOT_AN_OBJECT("not_an_object"),
    MISSING_FIELD("missing_field"),
    WRONG_TYPE("wrong_type"),
    NOT_A_NUMBER("not_a_number"),
    OUT_OF_RANGE("out_of_range"),
    INVALID_VALUE("invalid_value"),
    TIMESTAMP_IN_FUTURE("timestamp_in_future"),
    TIMESTAMP_TOO_OLD("timestamp_too_old"),
    UNKNOWN_UNIT("unknown_unit"),
    UNIT_MISMATCH("unit_mismatch"),
    UNKNOWN_SENSOR_TYPE("unknown_sensor_type"),
    UNKNOWN_DEVICE("unknown_device"),
    KEY_MISMATCH("key_mismatch"),
    LATE("late"),
    MISSING_HEADER("missing_header"),
    EMPTY_PAYLOAD("empty_payload"),
    NOT_JPEG("not_jpeg"),
    TRUNCATED_JPEG("truncated_jpeg"),
    CORRUPT_JPEG("corrupt_jpeg"),
    WRONG_SIZE("wrong_size"),
    /** A record over the size limit for its topic, or JSON past the parser's limits (depth, number or string length). */
    TOO_LARGE("too_large"),
    /** A record with no Kafka key: the contract keys every record by its device id. */
    MISSING_KEY("missing_key"),
    /** A registered sensor sent a reading of another type than it is registered as. */
    SENSOR_TYPE_MISMATCH("sensor_type_mismatch"),
    /** A device's clock runs ahead of the job's by more than the allowed skew: stored raw, not applied to detection. */
    CLOCK_AHEAD("clock_ahead"),
    /** Nobody foresaw it: an exception while handling the record, named by its class. */
    INTERNAL_ERROR("internal_error");

    private final String id;

    Reason(String id) { this.id = id; }

    public String id() { return id; }
}
