package dev.rendergateway.sandbox.faults;

/** A misbehaviour the sandbox can inject into one answer. */
public enum Fault {
    /** 429 with {@code Retry-After}; a POST creates nothing. */
    RATE_LIMITED,
    /** 500 with the upstream's failure shape; a POST creates nothing. */
    SERVER_ERROR,
    /** Read the whole request (a POST creates its render), then close the connection without answering. */
    DROP_AFTER_READ,
    /** 502 with an HTML body, as a proxy in front of the upstream would send; a POST creates nothing. */
    BAD_GATEWAY,
    /** 200 whose body is not JSON; the request is otherwise processed normally (a POST creates its render). */
    UNPARSEABLE,
    /** 404 {@code Movie not found}; a POST creates nothing. */
    NOT_FOUND
}
