// Every channel `npm start` knows; each starts only when its settings are given.
import type { Adapter } from '../src/app.js'
import { consolePage } from './console/index.js'
import { feishu } from './feishu/index.js'
import { api } from './http/api.js'
import { web } from './web/index.js'
import { wechat } from './wechat/index.js'
import { wecomKf } from './wecom-kf/index.js'

export const adapters: Adapter[] = [api, web, consolePage, wechat, wecomKf, feishu]
