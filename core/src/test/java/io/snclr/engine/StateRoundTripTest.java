package io.snclr.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.snclr.TorchTest;
import io.snclr.model.Encoder;
import io.snclr.model.EncoderSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What StateWriter writes, StateReader reads back bit for bit: tensors, counters and a whole module. */
class StateRoundTripTest extends TorchTest {
    @Test
    void tensorsCountersAndModulesComeBackExactly(@TempDir Path tmp) throws Exception {
        Tensor t = Tensors.randn(Device.CPU, 3, 4);
        Encoder saved = new EncoderSpec("resnet18", 0.0625, true, 1, 8).create();
        Path file = tmp.resolve("state.pt");
        new StateWriter()
                .put("t", t)
                .putLong("step", 1234567890123L)
                .putModule("net", saved.module())
                .writeAtomically(file);
        assertEquals(1, Files.list(tmp).count(), "no temporary file is left behind");

        StateReader in = new StateReader(file);
        assertArrayEquals(Tensors.toFloats(t), Tensors.toFloats(in.get("t")));
        assertEquals(1234567890123L, in.getLong("step"));
        Encoder loaded = new EncoderSpec("resnet18", 0.0625, true, 1, 8).create();
        in.intoModule("net", loaded.module());
        var a = ModuleState.named(saved.module());
        var b = ModuleState.named(loaded.module());
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) assertArrayEquals(Tensors.toFloats(a.get(k)), Tensors.toFloats(b.get(k)), k);
        assertThrows(RuntimeException.class, () -> in.get("missing"));
    }
}
