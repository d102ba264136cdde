package dev.runlab;

/** A configuration file that cannot be used: unknown key, wrong type, bad value. */
public class ConfigException extends RunlabException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(ExitCode.USAGE, message);
  }

  public ConfigException(String message, Throwable cause) {
    super(ExitCode.USAGE, message, cause);
  }
}
