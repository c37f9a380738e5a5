# The layers depend one way: bot -> commands -> storage, config read by all. Two include rules
# make the compiler hold config/, storage/ and commands/ to that (tests/layers proves it):
#
# 1. Instead of the source root, each of their targets exports an include root of its own,
#    layers/<layer>/, holding links to that layer and the ones below it only: from storage/,
#    "commands/..." does not resolve, and "bot/..." resolves from none of them.
# 2. They also get RITUALBOT_FORBIDDEN_INCLUDE_DIR, searched before the system directories: it
#    mirrors every header under boost/asio, boost/beast and openssl with one that stops the
#    build with #error, so network code cannot creep in through /usr/include either.

set(RITUALBOT_LAYERS_BELOW_config config)
set(RITUALBOT_LAYERS_BELOW_storage config storage)
set(RITUALBOT_LAYERS_BELOW_commands config storage commands)
# The emulator (a fake Slack) is no layer of the bot but must not use it either; it may use
# Asio, Beast and OpenSSL, so it gets the include root without the forbidden headers.
set(RITUALBOT_LAYERS_BELOW_emulator config emulator)
foreach(layer config storage commands emulator)
    set(root "${PROJECT_BINARY_DIR}/layers/${layer}")
    file(MAKE_DIRECTORY "${root}")
    foreach(visible IN LISTS RITUALBOT_LAYERS_BELOW_${layer})
        file(CREATE_LINK "${PROJECT_SOURCE_DIR}/${visible}" "${root}/${visible}" SYMBOLIC)
    endforeach()
endforeach()

set(RITUALBOT_FORBIDDEN_INCLUDE_DIR "${PROJECT_BINARY_DIR}/layers/forbidden")
set(forbidden_headers "")
foreach(root IN LISTS CMAKE_CXX_IMPLICIT_INCLUDE_DIRECTORIES Boost_INCLUDE_DIRS OPENSSL_INCLUDE_DIR)
    file(GLOB_RECURSE found RELATIVE "${root}" LIST_DIRECTORIES false
         "${root}/boost/asio/*" "${root}/boost/beast/*" "${root}/openssl/*")
    foreach(single boost/asio.hpp boost/beast.hpp)
        if(EXISTS "${root}/${single}")
            list(APPEND found "${single}")
        endif()
    endforeach()
    list(APPEND forbidden_headers ${found})
endforeach()
list(REMOVE_DUPLICATES forbidden_headers)
list(LENGTH forbidden_headers forbidden_count)
if(forbidden_count LESS 100)
    message(FATAL_ERROR "found only ${forbidden_count} Asio/Beast/OpenSSL headers to forbid; "
                        "the layering rule would not hold")
endif()
set(forbidden_message "#error \"ritualbot layering: <@header@> is transport code (Asio, Beast, \
OpenSSL); config/, storage/ and commands/ may not include it, it belongs in bot/\"\n")
# Written again only when the headers or the message changed (about a thousand small files).
string(MD5 forbidden_hash "${forbidden_message}${forbidden_headers}")
set(forbidden_stamp "${RITUALBOT_FORBIDDEN_INCLUDE_DIR}/.written-${forbidden_hash}")
if(NOT EXISTS "${forbidden_stamp}")
    file(REMOVE_RECURSE "${RITUALBOT_FORBIDDEN_INCLUDE_DIR}")
    foreach(header IN LISTS forbidden_headers)
        string(CONFIGURE "${forbidden_message}" content @ONLY)
        file(WRITE "${RITUALBOT_FORBIDDEN_INCLUDE_DIR}/${header}" "${content}")
    endforeach()
    file(WRITE "${forbidden_stamp}" "")
endif()

# The include root of `folder`'s target (config, storage, commands or emulator).
function(ritualbot_include_root target folder)
    target_include_directories(${target} PUBLIC "${PROJECT_BINARY_DIR}/layers/${folder}")
endfunction()

# For the target of config/, storage/ or commands/: `layer` is its folder.
function(ritualbot_layer_rules target layer)
    target_include_directories(${target} BEFORE PRIVATE "${RITUALBOT_FORBIDDEN_INCLUDE_DIR}")
    ritualbot_include_root(${target} ${layer})
endfunction()
