package io.relayscope.machines;

/**
 * What the relay knows of one machine. Field names follow upstream's {@code machine_state} table;
 * {@code lastActivity} uses its text form ({@code YYYY-MM-DD HH:MM:SS}, UTC) so clients that read
 * the table's values read ours the same way. {@code metadata} is upstream's JSON text, or null.
 */
public record MachineState(
    String machineName,
    String currentState,
    String lastActivity,
    long lastActivityMillis,
    String metadata,
    String configType,
    boolean terminated) {}
