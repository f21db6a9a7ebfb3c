{
  "targets": [
    {
      "target_name": "hpy_node",
      "sources": [
        "<!@(node -p \"require('fs').readdirSync('native/src/addon').filter(f => f.endsWith('.cc')).map(f => 'native/src/addon/' + f).join(' ')\")",
        "<!@(node -p \"require('fs').readdirSync('native/src/core').filter(f => f.endsWith('.cc')).map(f => 'native/src/core/' + f).join(' ')\")",
        "<!@(node -p \"require('fs').readdirSync('native/src/universal').filter(f => f.endsWith('.cc')).map(f => 'native/src/universal/' + f).join(' ')\")",
        "<!@(node -p \"require('fs').readdirSync('native/src/loader').filter(f => f.endsWith('.cc')).map(f => 'native/src/loader/' + f).join(' ')\")",
        "<!@(node -p \"require('fs').readdirSync('native/src/trace').filter(f => f.endsWith('.cc')).map(f => 'native/src/trace/' + f).join(' ')\")"
      ],
      "include_dirs": ["native/include", "native/src"],
      "dependencies": ["<!(node -p \"require('node-addon-api').targets\"):node_addon_api_except"],
      "defines": ["NAPI_VERSION=8"],
      "cflags_cc": ["-std=c++17", "-Wall", "-Wextra", "-Wno-unused-parameter", "-Wno-missing-field-initializers", "-O2", "-fvisibility=hidden"],
      "cflags_cc!": ["-std=gnu++17", "-fno-exceptions"],
      "libraries": ["-ldl"],
      "conditions": [
        ["'<!(echo $HPY_NODE_SANITIZE)'!=''", {
          "cflags_cc": ["-fsanitize=address,undefined", "-fno-omit-frame-pointer", "-O1", "-g"],
          "ldflags": ["-fsanitize=address,undefined"]
        }]
      ]
    }
  ]
}
