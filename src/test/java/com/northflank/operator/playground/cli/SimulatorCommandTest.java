package com.northflank.operator.playground.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.northflank.operator.testing.ChildProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code simulator} beside {@code run} and {@code demo} on one machine, as the docs start them. */
class SimulatorCommandTest {

  @Test
  void itsDefaultPortIsNotWhereRunAndDemoServeTheirMetrics() {
    CommandLine commands = PlaygroundMain.commandLine(Map.of());

    String simulator = defaultOf(commands, "simulator", "--port");

    assertThat(simulator).isEqualTo("8090");
    assertThat(simulator)
        .isNotEqualTo(defaultOf(commands, "run", "--metrics-port"))
        .isNotEqualTo(defaultOf(commands, "demo", "--metrics-port"));
  }

  @Test
  void aPortInUseIsOneLineAndExitStatusTwo() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ChildProcess simulator =
            ChildProcess.start(
                Map.of(), "simulator", "--port", Integer.toString(taken.getLocalPort()))) {
      int exit = simulator.awaitExit();

      assertThat(exit).as(simulator.output()).isEqualTo(2);
      assertThat(simulator.lines())
          .as("one line, no stack trace")
          .containsExactly(
              "Cannot serve the simulator on 127.0.0.1:"
                  + taken.getLocalPort()
                  + " (Address already in use); --port 0 picks a free port.");
    }
  }

  private static String defaultOf(CommandLine commands, String command, String option) {
    return commands
        .getSubcommands()
        .get(command)
        .getCommandSpec()
        .findOption(option)
        .defaultValue();
  }
}
