package io.snclr.method;

/**
 * What a method needs to know about the current step.
 *
 * @param momentum EMA coefficient m of the momentum networks for this step
 * @param clock where the method charges its phases (forward, queue+loss)
 */
public record StepContext(long step, int epoch, double momentum, PhaseClock clock) {}
