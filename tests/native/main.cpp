// Catch2 main for the native mmio unit tests (own translation unit).
#define CATCH_CONFIG_MAIN
#include <catch.hpp>
