#include "zoom_limit.h"

#include <algorithm>

namespace ds::ui {

double largestScale(double scale, QSize need, QSize room, double ceiling) {
    if (need.isEmpty() || room.isEmpty()) return ceiling;
    const double fit =
        std::min(double(room.width()) / need.width(), double(room.height()) / need.height());
    return std::min(ceiling, scale * fit);
}

}  // namespace ds::ui
