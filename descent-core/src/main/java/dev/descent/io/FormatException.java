package dev.descent.io;

import java.io.IOException;

/**
 * A file that could be read but does not hold what its format promises: a wrong magic number, a
 * truncated body, inconsistent offsets, a malformed number. The message names the file and what is
 * wrong, e.g. {@code t10k-images-idx3-ubyte.gz: expected 7840000 bytes of image data, found 4096
 * (file truncated?)}.
 */
public class FormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** A format error with a complete message (it should start with the file name). */
    public FormatException(String message) {
        super(message);
    }

    /** A format error caused by another exception. */
    public FormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
