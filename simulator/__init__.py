"""The simulated world, the turn pipeline, proactive rules, the HMI renderer, CLI and UI."""
