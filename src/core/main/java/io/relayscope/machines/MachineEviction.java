package io.relayscope.machines;

/** A machine dropped from the table, and the bound that made room for another: max_machines, initial_bytes or table_bytes. */
public record MachineEviction(String machine, String bound) {}
