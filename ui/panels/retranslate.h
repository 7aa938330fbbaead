#pragma once
// Texts that follow the language shown. When the language changes (View → Language installs
// another translator), Qt sends QEvent::LanguageChange to every widget, and each sets its
// texts again with tr(): the window stays, with its model, image, layer and Teach classes.
//
// Widgets do it in changeEvent() → retranslate(); a class whose texts are set in several
// places can instead hand those places to onLanguageChange(), which runs them now and again
// on every LanguageChange that reaches `owner`: a widget, or a QObject whose parent is one
// (controllers, the status panel). Texts that depend on state (status lines, "N frames
// added") are rebuilt there from the state, never from a translated string kept earlier.
#include <QEvent>
#include <QObject>

#include <functional>
#include <utility>

namespace ds::ui {

class LanguageWatcher : public QObject {
public:
    LanguageWatcher(QObject* owner, std::function<void()> setTexts)
        : QObject(owner), m_setTexts(std::move(setTexts)) {
        owner->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::LanguageChange && watched == parent()) m_setTexts();
        return QObject::eventFilter(watched, event);
    }

private:
    std::function<void()> m_setTexts;
};

// Runs `setTexts` now (unless `now` is false) and on every language change `owner` sees.
inline void onLanguageChange(QObject* owner, std::function<void()> setTexts, bool now = true) {
    if (now) setTexts();
    new LanguageWatcher(owner, std::move(setTexts));
}

}  // namespace ds::ui
