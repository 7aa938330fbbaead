#include "human_format.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace ds::ui {

QString humanCount(int64_t value) {
    const double v = double(value);
    const double a = std::abs(v);
    auto fmt = [](double x, const char* unit) {
        const int decimals = x >= 100 ? 1 : 2;
        return QString::number(x, 'f', decimals) + QLatin1Char(' ') + QLatin1String(unit);
    };
    if (a >= 1e9) return fmt(v / 1e9, "G");
    if (a >= 1e6) return fmt(v / 1e6, "M");
    if (a >= 1e4) return fmt(v / 1e3, "k");
    return QString::number(value);
}

QString humanValue(double value, int significant) {
    if (!std::isfinite(value)) return QString::number(value);
    if (value == 0) return QStringLiteral("0");
    significant = std::max(1, significant);
    // The exponent of the value as it will be printed: 9.996 rounds to 10.0, not 9.996.
    const double a = std::abs(value);
    int exponent = int(std::floor(std::log10(a)));
    const double rounded = std::round(a / std::pow(10.0, exponent - significant + 1)) *
                           std::pow(10.0, exponent - significant + 1);
    if (rounded > 0) exponent = int(std::floor(std::log10(rounded)));
    if (exponent >= 5 || exponent < -3) return QString::number(value, 'e', significant - 1);
    return QString::number(value, 'f', std::max(0, significant - 1 - exponent));
}

}  // namespace ds::ui
