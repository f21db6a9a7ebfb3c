{
  "targets": [
    {
      "target_name": "hpy_node",
      "sources": [
        "<!@(node -p \"['addon', 'loader', 'trace', 'debug', 'universal', 'universal/types', 'core', 'engine'].flatMap(d => require('fs').readdirSync('native/src/' + d).filter(f => f.endsWith('.cc')).map(f => 'native/src/' + d + '/' + f)).join(' ')\")"
      ],
      "include_dirs": ["native/include", "native/src"],
      "dependencies": ["<!(node -p \"require('node-addon-api').targets\"):node_addon_api"],
      "defines": ["NAPI_VERSION=8"],
      "cflags_cc": [
        "-std=c++20", "-O2", "-fvisibility=hidden", "-fno-exceptions",
        "-ffunction-sections", "-fdata-sections", "-fno-asynchronous-unwind-tables",
        "-Wall", "-Wextra", "-Werror", "-Wmissing-declarations",
        "-Wno-unused-parameter", "-Wno-missing-field-initializers"
      ],
      "cflags_cc!": ["-std=gnu++17", "-std=gnu++20"],
      "libraries": ["-ldl"],
      "ldflags": ["-Wl,--gc-sections"],
      "conditions": [
        ["'<!(echo $HPY_NODE_SANITIZE)'!=''", {
          "cflags_cc": ["-fsanitize=address,undefined", "-fno-omit-frame-pointer", "-O1", "-g"],
          "ldflags": ["-fsanitize=address,undefined"]
        }]
      ]
    },
    {
      "target_name": "check_addon_link",
      "type": "none",
      "dependencies": ["hpy_node"],
      "actions": [
        {
          "action_name": "check_addon_link",
          "inputs": ["<(PRODUCT_DIR)/hpy_node.node", "tools/check-addon-link.mjs"],
          "outputs": ["<(INTERMEDIATE_DIR)/check_addon_link.stamp"],
          "action": ["node", "tools/check-addon-link.mjs", "<(PRODUCT_DIR)/hpy_node.node", "<(INTERMEDIATE_DIR)/check_addon_link.stamp"]
        }
      ]
    }
  ]
}
