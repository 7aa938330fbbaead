#include "cli_language.h"

#include "cli_common.h"

namespace cli {

void useLanguage(const QString& code) {
    const QString language = code.trimmed().toLower();
    if (language != QLatin1String("en") && language != QLatin1String("ja"))
        throw UsageError("--language '" + code.toStdString() +
                         "' is not available: use en (English) or ja (Japanese).");
    // TRANSLATIONS: the one place the CLI installs a translation. ds::i18n::installTranslations
    // (ui/i18n/i18n.h, library densescope_i18n) is being added on main; call it here once it
    // exists. Until then the text is English whatever the language.
}

}  // namespace cli
