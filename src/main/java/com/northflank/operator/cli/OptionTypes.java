package com.northflank.operator.cli;

import com.northflank.operator.config.ApiBudget;
import com.northflank.operator.config.DurationParser;
import java.time.Duration;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The value types every command reads the same way: durations ({@code 90s}, {@code 5m}, {@code
 * 1h30m}) and request budgets ({@code 1000/1h}), parsed by the same code as the operator's
 * configuration. A bad value is reported by picocli under the option the user typed.
 */
public final class OptionTypes {

  private OptionTypes() {}

  /** Registers the converters on a command and every subcommand it has at this point. */
  public static CommandLine register(CommandLine commandLine) {
    return commandLine
        .registerConverter(Duration.class, converter(DurationParser::parse))
        .registerConverter(ApiBudget.class, converter(ApiBudget::parse));
  }

  private static <T> ITypeConverter<T> converter(Function<String, T> parser) {
    return text -> {
      try {
        return parser.apply(text);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    };
  }
}
