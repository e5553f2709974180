package io.snclr.data;

/** Input data that cannot be used; the message names the file and what was expected. */
public class DataFormatException extends RuntimeException {
    public DataFormatException(String message) {
        super(message);
    }
}
