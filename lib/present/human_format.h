#pragma once
// Numbers for people, one rule each so every panel and export writes them alike.
#include <QString>

#include <cstdint>

namespace ds::ui {

// Counts: 7978856 -> "7.98 M", 2834000000 -> "2.83 G", 864 -> "864".
QString humanCount(int64_t value);

// Measured values (feature-map ranges, means, colour-bar ends) with `significant` significant
// digits, trailing zeros kept so the two ends of a range line up: -10 -> "-10.0",
// 9.54 -> "9.54", 0.0123 -> "0.0123", 0 -> "0". Magnitudes from 1e5 up or below 1e-3 use
// the exponent form ("1.23e+05"). '.' is the decimal point (the C locale), as in the CSVs.
QString humanValue(double value, int significant = 3);

}  // namespace ds::ui
