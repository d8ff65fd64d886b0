// Catch2 main of the native stress and fault-injection tests (own translation unit).
#define CATCH_CONFIG_MAIN
#include <catch.hpp>
