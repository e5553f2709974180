package io.snclr.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The learning-rate and EMA-momentum schedules at their defining points. */
class SchedulesTest {
    @Test
    void learningRateWarmsUpLinearlyThenDecaysByAHalfCosine() {
        LrSchedule s = new LrSchedule(2e-3, 512, 10, 110); // peak = 2e-3 × 512/256
        assertEquals(4e-3, s.peak(), 1e-15);
        assertEquals(0.0, s.at(0), 1e-15); // warm-up starts from 0 (MoCo v3)
        assertEquals(2e-3, s.at(5), 1e-15);
        assertEquals(4e-3, s.at(10), 1e-15); // warm-up done: the peak
        assertEquals(2e-3, s.at(60), 1e-15); // half-way through the decay: half the peak
        assertEquals(0.0, s.at(110), 1e-15);
        assertEquals(0.0, s.at(500), 1e-15); // past the end it stays at zero
    }

    @Test
    void momentumIsConstantOrGoesFromItsBaseToOneByAHalfCosine() {
        MomentumSchedule fixed = new MomentumSchedule(0.99, 100, MomentumShape.CONSTANT);
        assertEquals(0.99, fixed.at(0), 1e-15);
        assertEquals(0.99, fixed.at(99), 1e-15);
        MomentumSchedule m = new MomentumSchedule(0.99, 100, MomentumShape.COSINE);
        assertEquals(0.99, m.at(0), 1e-12);
        assertEquals(0.995, m.at(50), 1e-12);
        assertEquals(1.0, m.at(100), 1e-12);
        assertEquals(1.0, m.at(1000), 1e-12);
    }
}
