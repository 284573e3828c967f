package io.drugwatch.reference;

/**
 * A county reference file that cannot be read or is malformed. The message is one line meant for
 * the operator, of the form {@code <file>:<line>: <what is wrong>} (or {@code <file>: ...} when
 * no single line is at fault).
 */
public class CountyReferenceException extends RuntimeException {

    public CountyReferenceException(String message) {
        super(message);
    }

    public CountyReferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
