#pragma once
// Errors from core for a person reading the app. Core's messages are English sentences that
// name the file or value at fault and say what to do. In English they are shown unchanged; in
// another language a translated headline that says what kind of problem it is comes first,
// and core's sentence follows as the detail (it carries names and numbers, which stay as
// they are). Core errors of a known kind (errors.h: ErrorKind) are worded whole in the
// language shown, from their values; only the others show core's English as a detail. Image
// errors come from densescope_imageio, already translated.
#include <QString>

#include <exception>

namespace ds::ui {

QString errorText(const std::exception& error);

}  // namespace ds::ui
