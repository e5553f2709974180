package io.snclr.method;

/**
 * What a method needs to know about the current step.
 *
 * @param indices the data-set indices of the batch's images (SPCL looks up their prototypes)
 * @param momentum EMA coefficient m of the momentum networks for this step
 * @param clock where the method charges its phases (forward, queue+loss)
 */
public record StepContext(long step, int epoch, int[] indices, double momentum, PhaseClock clock) {}
