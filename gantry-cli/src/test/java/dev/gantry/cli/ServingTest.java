package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Start failures as the user reads them; serving itself runs for real in gantry-it. */
class ServingTest {
  private static final InetSocketAddress LOCAL_7777 =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 7777);

  @Test
  void aPortInUseIsNamedWithTheAddressAndAWayOut() {
    var failure = new UncheckedIOException(new BindException("Address already in use"));

    assertThat(Serving.describeStartFailure(LOCAL_7777, failure)).contains(
        "Cannot listen on 127.0.0.1:7777 (--listen): the port is already in use",
        "--listen 127.0.0.1:7778", "port 0 picks a free one");
  }

  @Test
  void aPortInUseIsRecognisedEvenWhenTheBindExceptionWasRewrapped() {
    var failure = new IllegalStateException("cannot serve", new java.io.IOException("Address already in use"));

    assertThat(Serving.describeStartFailure(LOCAL_7777, failure))
        .startsWith("Cannot listen on 127.0.0.1:7777 (--listen): the port is already in use.");
  }

  @Test
  void anotherBindProblemKeepsTheSystemsReason() throws Exception {
    var failure = new IllegalStateException("bind failed",
        new BindException("Cannot assign requested address"));
    var remote = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 7777);

    assertThat(Serving.describeStartFailure(remote, failure))
        .isEqualTo("Cannot listen on 192.0.2.1:7777 (--listen): Cannot assign requested address.");
  }

  @Test
  void anyOtherFailureKeepsItsMessage() {
    assertThat(Serving.describeStartFailure(LOCAL_7777, new IllegalStateException("store is locked")))
        .isEqualTo("Cannot start the server on 127.0.0.1:7777: store is locked");
  }

  @Test
  void ipv6AddressesAreBracketed() throws Exception {
    assertThat(Serving.hostPort(new InetSocketAddress(InetAddress.getByName("::1"), 7777)))
        .isEqualTo("[0:0:0:0:0:0:0:1]:7777");
  }
}
