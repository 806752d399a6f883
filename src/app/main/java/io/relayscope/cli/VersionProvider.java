package io.relayscope.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest (set by Maven), or "dev" when run from classes. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = RelayscopeMain.class.getPackage().getImplementationVersion();
    return new String[] {"relayscope " + (v == null ? "dev" : v)};
  }
}
