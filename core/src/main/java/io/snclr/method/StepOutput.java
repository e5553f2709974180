package io.snclr.method;

import java.util.Map;
import org.bytedeco.pytorch.Tensor;

/** The loss to back-propagate and the step's diagnostics (already plain numbers). */
public record StepOutput(Tensor loss, Map<String, Double> metrics) {}
