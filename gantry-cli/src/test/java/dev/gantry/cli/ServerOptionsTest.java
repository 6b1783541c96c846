package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServerOptionsTest {
  @ParameterizedTest(name = "--listen {0} binds {1} port {2}")
  @CsvSource(delimiter = '|', value = {
      "127.0.0.1:7777  | 127.0.0.1 | 7777",
      "0.0.0.0:80      | 0.0.0.0   | 80",
      "[::1]:7777      | ::1       | 7777",
      "localhost:0     | localhost | 0",
      "10.1.2.3:65535  | 10.1.2.3  | 65535"})
  void acceptsHostAndPort(String listen, String host, int port) throws Exception {
    InetSocketAddress address = new ServerOptions.ListenAddressConverter().convert(listen);

    assertThat(address.getPort()).isEqualTo(port);
    assertThat(InetAddress.getAllByName(host)).contains(address.getAddress());
  }

  @ParameterizedTest(name = "region {0} is accepted")
  @ValueSource(strings = {"us-east-1", "eu-central-2", "ap-southeast-3", "us-gov-west-1", "cn-north-1"})
  void acceptsRegionNames(String region) {
    assertThat(new ServerOptions.RegionConverter().convert(region)).isEqualTo(region);
  }

  @ParameterizedTest(name = "account id {0} is accepted")
  @ValueSource(strings = {"000000000000", "123456789012"})
  void acceptsTwelveDigitAccountIds(String accountId) {
    assertThat(new ServerOptions.AccountIdConverter().convert(accountId)).isEqualTo(accountId);
  }
}
