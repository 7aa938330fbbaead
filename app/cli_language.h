#pragma once
// densescope-cli's --language en|ja: the language of the text a command prints for people
// (e.g. `explain`); JSON keys and module names never change with it.
#include <QString>

namespace cli {

// Accepts "en" or "ja" (any case) and installs that translation; throws UsageError naming the
// accepted values for anything else.
void useLanguage(const QString& code);

}  // namespace cli
