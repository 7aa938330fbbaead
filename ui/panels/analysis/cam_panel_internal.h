#pragma once
// What cam_panel.cpp and cam_panel_strip.cpp share: a layer's caption in a few letters.
#include <QString>

namespace ds::ui::cam_panel_internal {

// A strip layer's name in a few letters ("block 2", "trans. 1", "stem"), for the tiles'
// captions and the large map's.
QString shortName(const QString& layer);

}  // namespace ds::ui::cam_panel_internal
