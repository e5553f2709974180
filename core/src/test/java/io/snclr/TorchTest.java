package io.snclr;

import io.snclr.engine.Device;
import io.snclr.engine.Engine;
import io.snclr.engine.Scope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Base of tests that touch libtorch: natives loaded, 2 threads, fixed seed, every test in its own memory scope. */
public abstract class TorchTest {
    private Scope scope;

    @BeforeAll
    static void startEngine() {
        Engine.start(Device.CPU, 2);
    }

    @BeforeEach
    void openScope() {
        Engine.seed(1234);
        scope = Scope.open();
    }

    @AfterEach
    void closeScope() {
        scope.close();
    }
}
