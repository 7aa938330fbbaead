#include "i18n.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

#include <memory>

namespace ds::i18n {
namespace {

const QString kSettingsKey = QStringLiteral("ui/language");

struct Installed {
    QString language = QStringLiteral("en");
    std::unique_ptr<QTranslator> own;
    std::unique_ptr<QTranslator> qt;
};

Installed& installed() {
    static Installed state;
    return state;
}

void removeInstalled() {
    auto& s = installed();
    if (s.own) QCoreApplication::removeTranslator(s.own.get());
    if (s.qt) QCoreApplication::removeTranslator(s.qt.get());
    s.own.reset();
    s.qt.reset();
    s.language = QStringLiteral("en");
}

}  // namespace

QStringList languages() { return {QStringLiteral("en"), QStringLiteral("ja")}; }

QString nativeName(const QString& language) {
    if (language == QLatin1String("ja")) return QStringLiteral("日本語");
    return QStringLiteral("English");
}

bool isLanguage(const QString& language) { return languages().contains(language); }

QString resolve(const QString& choice) {
    if (isLanguage(choice)) return choice;
    if (choice.isEmpty() || choice == QLatin1String("system")) {
        for (const QString& ui : QLocale::system().uiLanguages()) {
            const QString code = ui.section(QLatin1Char('-'), 0, 0).toLower();
            if (isLanguage(code)) return code;
        }
    }
    return QStringLiteral("en");
}

QString savedChoice() {
    const QString value = QSettings().value(kSettingsKey, QStringLiteral("system")).toString();
    return isLanguage(value) ? value : QStringLiteral("system");
}

void saveChoice(const QString& choice) {
    QSettings settings;
    settings.setValue(kSettingsKey, isLanguage(choice) ? choice : QStringLiteral("system"));
    settings.sync();
}

bool installTranslations(const QString& language) {
    if (!isLanguage(language)) return false;
    if (language == QLatin1String("en")) {  // the source language: no translator
        removeInstalled();
        return true;
    }
    auto own = std::make_unique<QTranslator>();
    if (!own->load(QStringLiteral(":/i18n/densescope_%1.qm").arg(language))) return false;
    removeInstalled();
    auto& s = installed();
    s.own = std::move(own);
    QCoreApplication::installTranslator(s.own.get());
    // Qt's own strings (QDialogButtonBox's "Cancel", file dialogs): Debian's
    // qt6-translations-l10n. Optional: without it those few stay in English.
    auto qt = std::make_unique<QTranslator>();
    if (qt->load(QLocale(language), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        s.qt = std::move(qt);
        QCoreApplication::installTranslator(s.qt.get());
    }
    s.language = language;
    return true;
}

QString currentLanguage() { return installed().language; }

}  // namespace ds::i18n
