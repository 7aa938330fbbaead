#include "human_format.h"

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

}  // namespace ds::ui
