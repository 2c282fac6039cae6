// A shared library without AIP entry points.
extern "C" __attribute__((visibility("default"))) int not_an_aip_plugin() {
  return 42;
}
