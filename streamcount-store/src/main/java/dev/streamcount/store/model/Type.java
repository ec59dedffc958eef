package dev.streamcount.store.model;

/** DynamoDB's attribute types, named as on the wire. */
public enum Type {
    S,
    N,
    B,
    BOOL,
    NULL,
    M,
    L,
    SS,
    NS,
    BS;

    /** Whether a value of this type may be a key attribute. */
    public boolean isScalarKeyType() {
        return this == S || this == N || this == B;
    }

    /** Whether this is one of the set types. */
    public boolean isSet() {
        return this == SS || this == NS || this == BS;
    }
}
