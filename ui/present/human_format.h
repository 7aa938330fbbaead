#pragma once
// Counts for people: 7978856 -> "7.98 M", 2834000000 -> "2.83 G", 864 -> "864".
#include <QString>

#include <cstdint>

namespace ds::ui {

QString humanCount(int64_t value);

}  // namespace ds::ui
