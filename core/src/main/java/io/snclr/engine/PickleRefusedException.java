package io.snclr.engine;

import java.io.IOException;

/** A file's pickle named something a file of tensors does not need: it is refused, not run. */
final class PickleRefusedException extends IOException {
    PickleRefusedException(String what) {
        super(what);
    }
}
